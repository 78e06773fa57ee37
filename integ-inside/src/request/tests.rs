use super::*;
use std::net::{Ipv4Addr, Ipv6Addr};

fn parse_str(line: &str) -> Result<Invocation, Failure> {
    let args: Vec<String> = line.split_whitespace().map(String::from).collect();
    parse(&args)
}

/// One request of every subcommand, with every argument and flag set (and the
/// defaults of the optional ones), as the suite would build them.
fn every_request() -> Vec<Command> {
    let v4 = SocketAddr::from((Ipv4Addr::new(10, 0, 0, 2), 8080));
    let v6 = SocketAddr::from((Ipv6Addr::LOCALHOST, 80));
    vec![
        Process::default().into(),
        Process {
            args: vec!["original".into(), "--weird".into(), "two words".into()],
        }
        .into(),
        Identity.into(),
        Mounts.into(),
        Network.into(),
        Jail.into(),
        Descriptors.into(),
        Exit { code: 0 }.into(),
        Exit { code: 255 }.into(),
        WaitSignal.into(),
        Spawn { children: 2 }.into(),
        Spawn {
            children: MAX_SPAWN,
        }
        .into(),
        WriteFile {
            path: "/ran".into(),
            content: None,
        }
        .into(),
        WriteFile {
            path: "/mnt/rw/new".into(),
            content: Some("from the container\n".into()),
        }
        .into(),
        ReadFile {
            path: "/scratch/under".into(),
        }
        .into(),
        Paths {
            paths: vec!["/dev/null".into(), "/dev/mem".into()],
        }
        .into(),
        Sysv.into(),
        Connect {
            address: v4,
            message: None,
        }
        .into(),
        Connect {
            address: v6,
            message: Some("hello\n".into()),
        }
        .into(),
        Listen { address: v6 }.into(),
        Hook {
            label: "poststop".into(),
            ..Hook::default()
        }
        .into(),
        Hook {
            label: "killer".into(),
            exit: 3,
            block: true,
            kill_parent: true,
            probes: HookProbes {
                container_mounts: true,
                await_fifo: Some(("/ready".into(), 30)),
                pid_file: Some("/run/c.pid".into()),
            },
        }
        .into(),
        TtyEcho.into(),
        Sleep.into(),
        Help.into(),
    ]
}

#[test]
fn every_subcommand_is_in_the_round_trip() {
    let mut names: Vec<String> = every_request()
        .iter()
        .map(|c| c.to_args()[0].clone())
        .collect();
    names.dedup();
    for name in names.iter() {
        assert!(
            USAGE.contains(&format!("  {name}")),
            "{name} missing from USAGE"
        );
    }
    assert_eq!(names.len(), 19, "{names:?}");
}

#[test]
fn parse_reads_back_what_to_args_writes() {
    for command in every_request() {
        let bare = Invocation::new(command.clone());
        if matches!(command, Command::Spawn(_)) {
            // spawn alone is refused: its children log to --out FILE --append.
            assert!(parse(&bare.to_args()).is_err(), "{bare:?}");
        } else {
            assert_eq!(parse(&bare.to_args()), Ok(bare.clone()), "{bare:?}");
        }
        let with_options = bare.out("/log").append().ready("/fifo");
        assert_eq!(
            parse(&with_options.to_args()),
            Ok(with_options.clone()),
            "{with_options:?}"
        );
    }
}

#[test]
fn each_hook_flag_alone_round_trips() {
    let flags: [fn(&mut Hook); 6] = [
        |h| h.exit = 1,
        |h| h.block = true,
        |h| h.kill_parent = true,
        |h| h.probes.container_mounts = true,
        |h| h.probes.await_fifo = Some(("/f".into(), 5)),
        |h| h.probes.pid_file = Some("/p".into()),
    ];
    for set in flags {
        let mut hook = Hook {
            label: "x".into(),
            ..Hook::default()
        };
        set(&mut hook);
        let args = hook.to_args();
        assert_eq!(parse(&args).map(|i| i.command), Ok(hook.into()), "{args:?}");
    }
}

#[test]
fn typed_requests_write_the_suites_strings() {
    let wait = Invocation::new(WaitSignal).ready("/ready");
    assert_eq!(wait.to_args(), ["--ready", "/ready", "wait-signal"]);
    let spawn = Invocation::new(Spawn { children: 2 })
        .out("/signals")
        .append()
        .ready("/r");
    assert_eq!(
        spawn.to_args(),
        ["--out", "/signals", "--append", "--ready", "/r", "spawn", "2"]
    );
    let write = WriteFile {
        path: "/ran".into(),
        content: None,
    };
    assert_eq!(write.to_args(), ["write-file", "/ran"]);
    assert_eq!(Exit { code: 7 }.to_args(), ["exit", "7"]);
}

#[test]
fn observation_without_options() {
    let inv = parse_str("identity").expect("parses");
    assert_eq!(inv.command, Command::Identity(Identity));
    assert_eq!(inv.output, OutputOptions::default());
}

#[test]
fn process_accepts_any_arguments() {
    let inv = parse_str("process --weird a b").expect("parses");
    assert_eq!(inv.command.to_args(), ["process", "--weird", "a", "b"]);
}

#[test]
fn global_options_before_subcommand() {
    let inv = parse_str("--out /o --append --ready /f hook pre --exit 3 --block").expect("parses");
    assert_eq!(inv.output.out, Some(PathBuf::from("/o")));
    assert!(inv.output.append);
    assert_eq!(inv.output.ready, Some(PathBuf::from("/f")));
    let want = Hook {
        label: "pre".into(),
        exit: 3,
        block: true,
        ..Hook::default()
    };
    assert_eq!(inv.command, want.into());
}

#[test]
fn hook_defaults() {
    let inv = parse_str("hook poststop").expect("parses");
    let want = Hook {
        label: "poststop".into(),
        ..Hook::default()
    };
    assert_eq!(inv.command, want.into());
}

#[test]
fn defaults_for_optional_arguments() {
    let inv = parse_str("write-file /x").expect("parses");
    let Command::WriteFile(write) = inv.command else {
        panic!("not write-file: {inv:?}")
    };
    assert_eq!(write.content, None);
    let inv = parse_str("connect [::1]:80").expect("parses");
    let Command::Connect(connect) = inv.command else {
        panic!("not connect: {inv:?}")
    };
    assert_eq!(connect.address.port(), 80);
    assert!(connect.address.is_ipv6());
    assert_eq!(connect.message, None);
}

#[test]
fn usage_errors_exit_2() {
    for bad in [
        "",
        "--append process",
        "--out",
        "--bogus process",
        "frobnicate",
        "exit",
        "exit 256",
        "exit -1",
        "exit 1 2",
        "identity extra",
        "paths",
        "spawn 2",
        "--out /o spawn 2",
        "--out /o --append spawn many",
        "--out /o --append spawn 257",
        "connect localhost:80",
        "connect 1.2.3.4",
        "hook",
        "hook x --exit",
        "hook x --await /f",
        "hook x --await /f soon",
        "hook x --frob",
    ] {
        let err = parse_str(bad).expect_err(bad);
        assert_eq!(err.code, crate::failure::EXIT_USAGE, "{bad}");
    }
}

#[test]
fn spawn_needs_append() {
    let inv = parse_str("--out /o --append spawn 2").expect("parses");
    assert_eq!(inv.command, Spawn { children: 2 }.into());
}

#[test]
fn help_anywhere_in_globals() {
    assert_eq!(parse_str("--help").expect("parses").command, Help.into());
    assert_eq!(parse_str("help").expect("parses").command, Help.into());
}
