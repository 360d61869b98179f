//! A bounded set of snapshot ids already asked for, so the detail pane asks
//! once per snapshot and memory stays flat over weeks.

use std::collections::{HashSet, VecDeque};

/// Remembers at most `capacity` ids; the oldest is forgotten first.
#[derive(Debug, Clone)]
pub struct AskedSet {
    order: VecDeque<String>,
    members: HashSet<String>,
    capacity: usize,
}

impl AskedSet {
    pub fn new(capacity: usize) -> AskedSet {
        AskedSet {
            order: VecDeque::new(),
            members: HashSet::new(),
            capacity: capacity.max(1),
        }
    }

    pub fn contains(&self, id: &str) -> bool {
        self.members.contains(id)
    }

    /// Adds `id`; returns false when it was already there.
    pub fn insert(&mut self, id: &str) -> bool {
        if self.members.contains(id) {
            return false;
        }
        if self.order.len() >= self.capacity
            && let Some(oldest) = self.order.pop_front()
        {
            self.members.remove(&oldest);
        }
        self.order.push_back(id.to_string());
        self.members.insert(id.to_string());
        true
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.order.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forgets_the_oldest_id_when_full() {
        let mut asked = AskedSet::new(2);
        assert!(asked.insert("a"));
        assert!(!asked.insert("a"));
        asked.insert("b");
        asked.insert("c");
        assert_eq!(asked.len(), 2);
        assert!(!asked.contains("a"));
        assert!(asked.contains("b") && asked.contains("c"));
    }
}
