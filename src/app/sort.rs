//! The sort order of the job table: which column, which direction.

/// A column the table can be sorted by, in the order `s` cycles through.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortColumn {
    Created,
    Expires,
    Status,
    Cluster,
    Type,
    Id,
}

impl SortColumn {
    pub const CYCLE: [SortColumn; 6] = [
        SortColumn::Created,
        SortColumn::Expires,
        SortColumn::Status,
        SortColumn::Cluster,
        SortColumn::Type,
        SortColumn::Id,
    ];

    /// The column after this one; wraps around.
    pub fn next(self) -> SortColumn {
        let at = Self::CYCLE.iter().position(|c| *c == self).unwrap_or(0);
        Self::CYCLE[(at + 1) % Self::CYCLE.len()]
    }

    /// The word shown in the status bar.
    pub fn word(self) -> &'static str {
        match self {
            SortColumn::Created => "created",
            SortColumn::Expires => "expires",
            SortColumn::Status => "status",
            SortColumn::Cluster => "cluster",
            SortColumn::Type => "type",
            SortColumn::Id => "id",
        }
    }

    /// Newest first for creation time; soonest, or alphabetical, otherwise.
    fn starts_descending(self) -> bool {
        self == SortColumn::Created
    }
}

/// A column and a direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sort {
    pub column: SortColumn,
    pub descending: bool,
}

impl Default for Sort {
    fn default() -> Sort {
        Sort::by(SortColumn::Created)
    }
}

impl Sort {
    /// Sorting by `column` in its natural direction.
    pub fn by(column: SortColumn) -> Sort {
        Sort {
            column,
            descending: column.starts_descending(),
        }
    }

    pub fn next_column(self) -> Sort {
        Sort::by(self.column.next())
    }

    pub fn reversed(self) -> Sort {
        Sort {
            descending: !self.descending,
            ..self
        }
    }

    /// `▼` for descending, `▲` for ascending.
    pub fn arrow(self) -> &'static str {
        if self.descending { "▼" } else { "▲" }
    }
}
