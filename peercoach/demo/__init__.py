"""The demo organisation (`manage.py seed_demo`, loaded by `make run` into an empty database).

It sits at the top of the layering: it builds its data with every app's actions, and no app
imports it.
"""
