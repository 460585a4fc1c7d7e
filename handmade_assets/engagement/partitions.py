import warnings

import dagster as dg

ENGAGEMENT_START = "2026-09-01"

daily_partitions = dg.DailyPartitionsDefinition(start_date=ENGAGEMENT_START, end_offset=0)


def trailing_window(start_offset: int) -> dg.TimeWindowPartitionMapping:
    """Upstream partitions from `start_offset` downstream periods back up to the partition itself,
    cut at the upstream's first partition: the first days of an experiment (and the first week's
    report) read the days there are instead of failing.

    The cut is `allow_nonexistent_upstream_partitions`, a beta parameter for which Dagster 1.13
    has no stable equivalent (starting the upstream earlier would show days without traffic as
    missing partitions). Its BetaWarning is silenced for this construction only, so that any other
    beta or preview API we come to use still warns on load.
    """
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=dg.BetaWarning,
                                message=".*allow_nonexistent_upstream_partitions")
        return dg.TimeWindowPartitionMapping(start_offset=start_offset, end_offset=0,
                                             allow_nonexistent_upstream_partitions=True)
