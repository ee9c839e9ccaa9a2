"""The terminal's side of a video-teller call (Qt-free): hub client, aiortc peer, tracks.

``TellerLink`` (``kiosk.teller.link``) is what a journey or the UI uses: ``call()``,
``request_approval()``, ``publish_state()``, and events for the screen to show.
"""
