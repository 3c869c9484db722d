// In-process benchmark driver (see Benchmarks/README.md).
print("filesearch-bench")
