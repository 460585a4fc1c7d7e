"""The simulated traffic the engagement tests share (built once per session in conftest)."""

import datetime as dt

WEEK_START = dt.date(2025, 3, 2)
# A multiple of 48 (8 categories x 6 personas), so the catalog's persona split is exactly even.
N_LISTINGS = 2400
IMPRESSIONS_PER_DAY = 1_000_000
