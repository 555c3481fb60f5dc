from belarus_cli import main

main()
