"""extract stage: documents in, mentions + statements + quotes out (see `pipeline.Extractor`)."""
