from formaljudge.cli import main

main()
