// PLACEHOLDER for the native CLI.
int main() { return 0; }
