from linter.cli.entry import main

main()
