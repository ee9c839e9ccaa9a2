"""Branch operations on the hub (Qt-free).

Operations events from terminals, the dashboard's figures, staffing advice (Erlang C).
"""
