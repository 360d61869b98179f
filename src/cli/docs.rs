//! Shell completions and the man page, both generated from the clap
//! definitions in [`crate::cli`], so they never drift from the flags.

use std::io::{self, Write};

use clap::CommandFactory;

use crate::cli::Cli;

/// The completion script for `shell`. Generated in memory first: clap
/// panics when its writer fails (`| head`, a full disk); ours reports.
pub fn write_completions(shell: clap_complete::Shell, out: &mut dyn Write) -> io::Result<()> {
    let mut command = Cli::command();
    let name = command.get_name().to_string();
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, name, &mut script);
    out.write_all(&script)?;
    out.flush()
}

/// The man page, in roff.
pub fn write_man_page(out: &mut dyn Write) -> io::Result<()> {
    clap_mangen::Man::new(Cli::command()).render(out)
}
