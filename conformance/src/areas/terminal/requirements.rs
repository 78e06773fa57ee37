//! The requirements of the terminal area: what its tests check, as data (see
//! `crate::catalogue` for the fields and `crate::req` for every constant).

use crate::catalogue::prelude::*;

requirements! {
    TERMINAL_PTY = req!("terminal_pty", Must, "config.md#process", All, "terminal true puts a pseudoterminal on the process's standard streams",
        "if set to true on Linux a pseudoterminal pair is allocated for the process and the pseudoterminal pty is duplicated on the process's standard streams.", AS_PROCESS, V1_0_0);
    TERMINAL_CONSOLE_SIZE = req!("terminal_console_size", Must, "config.md#process", All, "consoleSize sets the terminal's height and width",
        "consoleSize (object, OPTIONAL) specifies the console size in characters of the terminal.", AS_PROCESS, V1_0_0);
    TERMINAL_CONSOLE_SIZE_IGNORED = req!("terminal_console_size_ignored", Must, "config.md#process", All, "consoleSize is ignored when terminal is false or unset",
        "Runtimes MUST ignore consoleSize if terminal is false or unset.", Stated, V1_0_0);
    TERMINAL_CONTROLLING = req!("terminal_controlling", Convention, "runc-cli#create", All, "the pseudoterminal is the process's controlling terminal",
        "", RUNC_CLI, V1_0_0);
    TERMINAL_CONSOLE_SOCKET = req!("terminal_console_socket", Convention, "runc-cli#create", All, "--console-socket receives the pty master over SCM_RIGHTS; the program's I/O goes through it",
        "", RUNC_CLI, V1_0_0);
    TERMINAL_NEEDS_CONSOLE_SOCKET = req!("terminal_needs_console_socket", Convention, "runc-cli#create", All, "terminal true without --console-socket is an error",
        "", RUNC_CLI, V1_0_0);
    TERMINAL_CONSOLE_SOCKET_NEEDS_TERMINAL = req!("terminal_console_socket_needs_terminal", Convention, "runc-cli#create", All, "--console-socket without terminal true is an error",
        "", RUNC_CLI, V1_0_0);
}
