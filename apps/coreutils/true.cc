// true: does nothing, successfully.
int main() { return 0; }
