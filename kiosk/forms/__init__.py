"""Qt-free form rules shared by the terminal's journeys and the hub's pre-applications.

Nothing here imports the journeys' runtime, devices or the network: the hub imports it.
"""
