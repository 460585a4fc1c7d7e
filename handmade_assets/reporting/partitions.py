import dagster as dg

# Weeks run Monday to Sunday (Dagster's weekly partitions start on Sunday unless offset).
weekly_partitions = dg.WeeklyPartitionsDefinition(start_date="2026-09-07", day_offset=1)
