from belarus_cli.cli import main

main()
