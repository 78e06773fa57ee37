fn main() {
    std::process::exit(jailrun::main());
}
