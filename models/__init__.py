"""Model manifest, profiles and the checksum-verified installer."""
