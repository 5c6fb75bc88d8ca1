// false: does nothing, unsuccessfully.
int main() { return 1; }
