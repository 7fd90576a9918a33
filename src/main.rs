//! The `collate` command line: parse the arguments, run the subcommand (each in its own file
//! under `cli/`), and turn an error into one line on standard error and an exit code.

mod cli;

use clap::Parser;

fn main() {
    let cli = cli::Cli::parse();
    match cli.command.run() {
        Ok(0) => {}
        Ok(code) => std::process::exit(code),
        Err(e) => {
            // A closed pipe (`collate … | head`) is the reader's choice, not an error.
            let broken_pipe = e.chain().any(|c| {
                c.downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
                    || c.downcast_ref::<collate::Error>()
                        .is_some_and(collate::Error::is_broken_pipe)
            });
            if broken_pipe {
                std::process::exit(0);
            }
            eprintln!("collate: error: {e:#}{}", cli::hint::suffix(&e));
            let usage = e.chain().any(|c| c.is::<cli::Usage>());
            std::process::exit(if usage { cli::EXIT_USAGE } else { 1 });
        }
    }
}
