"""Support tooling: protocol traces (record, btsnoop import/export, decode, render, replay), support bundles
with redaction, and opt-in crash capture. ``services.support`` is the facade the GUI and the CLI use.

A support engineer's workflow:

1. The user reports "it printed garbage". They run ``phocol-desktop support bundle report.zip`` (or the GUI
   action): the contents are listed first, creating it is the one-off consent ``diag.share_once`` (recorded),
   and the zip holds versions, the printer's model and firmware, the last sessions' traces (JSON and
   btsnoop), redacted log lines and settings. Addresses are pseudonyms; paths and serials are removed.
   Phone users can send Android's ``btsnoop_hci.log`` instead.
2. ``phocol-desktop trace decode traces/01-ble.json`` (or the phone's ``btsnoop_hci.log``, with ``--model``)
   lists every command with time and offset: init, settings, raster blocks with their size, feeds,
   queries and the answers after them; ``!!`` flags commands the app would refuse (danger list), ``??``
   bytes that are not the dialect. ``--render paper.png`` shows the picture the host asked for.
3. Open the ``.btsnoop`` in Wireshark for the ATT view (writes, notifications, MTU).
4. ``phocol-desktop trace replay FILE --printer virtual --paper out.png [--scenario s.json] [--fast]``
   replays it with the original pacing against a virtual printer with the model's (or the scenario's)
   buffer and head speed: lost bytes and damaged paper show up as on the user's unit.
5. With the same model on the bench: ``trace replay FILE --printer ADDR --yes-print-on-real-printer``
   (documented commands only; Bluetooth asks for permission first).
6. Turn the reproduction into a regression test (a scenario under tests/, or the trace as a fixture).
"""
