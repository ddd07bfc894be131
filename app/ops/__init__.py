"""Running the server: the flask sub-commands (create-user, seed-demo, backup, restore,
pwa-files) and make run's launcher (run_server)."""
