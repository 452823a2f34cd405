"""The growth pages, one module per feature: goals, feedback, wins, library and journal."""
