fn main() {
    std::process::exit(jailrun::cli::main());
}
