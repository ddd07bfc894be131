"""Who you are and what you may do: passwords, sessions and the login throttle (auth), the
signed-in user's scope (scope_user), every role and scope rule (permissions), and accounts."""
