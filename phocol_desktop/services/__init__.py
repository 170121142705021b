"""Orchestration without Qt: the BLE worker thread, device lifecycle, print jobs."""
