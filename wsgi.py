import gc

from app import create_app

app = create_app()
# What start-up built (modules, mappers, compiled queries) lives as long as the worker: out of
# the collector's sight, a pull page's thousands of new objects no longer make it walk them.
gc.freeze()
