//! `collate completions SHELL` (clap_complete) and `collate man` (clap_mangen): both written
//! from the one clap description of the command line, to standard output.

use anyhow::Result;
use clap::{Args, CommandFactory};
use std::io::Write;

/// `collate completions`'s arguments.
#[derive(Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    shell: clap_complete::Shell,
}

/// Print the completion script.
pub fn run(args: CompletionsArgs) -> Result<()> {
    let mut cmd = super::Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(args.shell, &mut cmd, "collate", &mut out);
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(&out)?;
    stdout.flush()?;
    Ok(())
}

/// Print the man page (`collate man > collate.1`): the commands, options and exit codes.
pub fn man() -> Result<()> {
    let mut out = Vec::new();
    clap_mangen::Man::new(super::Cli::command()).render(&mut out)?;
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(&out)?;
    stdout.flush()?;
    Ok(())
}
