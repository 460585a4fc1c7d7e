import dagster as dg

# One partition per batch of uploads the sensor found together.
upload_batches = dg.DynamicPartitionsDefinition(name="upload_batches")
