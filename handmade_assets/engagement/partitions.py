import dagster as dg

ENGAGEMENT_START = "2026-09-01"

daily_partitions = dg.DailyPartitionsDefinition(start_date=ENGAGEMENT_START, end_offset=0)
