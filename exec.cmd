@rem Windows cmd.exe has no `exec`. The npm scripts start with `exec` so that, under a POSIX sh,
@rem npm's SIGINT/SIGTERM reach the CLI itself (sh -c would hold SIGINT back until the run ends).
@rem cmd.exe looks in the current folder first and finds this file, which just runs the command.
@%*
