// Entry point of the `fleet` executable; the command tree is built in Cli/.
return 0;
