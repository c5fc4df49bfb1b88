"""Benchmark tools: the national data set generator (`generate_national`) and the load harness
(`make bench`). Not a Django app: nothing here is installed, routed or migrated."""
