"""Staff USB sync: signed document bundles copied, verified and indexed safely.

Pieces, in the order a sync uses them:
  keys.py      Ed25519 key files and the robot's trusted set
  manifest.py  the signed manifest: canonical bytes and pure checks
  bundle.py    find, scan (never following links), verify and create a bundle
  staging.py   the lock and the hash-while-copying staging area (resumable)
  sync.py      the whole run, ending in IndexStore.sync's atomic switch
  status.py    `state/usb-sync.json` for the display (format documented there)
  report.py    the French report written back to the stick
"""
