"""The home page: a signed-in person's groups, next session and open action items.

It sits at the top of the layering: it reads from every app (through `peercoach.access`) and no
app imports it.
"""
