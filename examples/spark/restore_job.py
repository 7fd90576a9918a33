"""Restore a folder of scrambled documents with collate inside Spark.

Each document becomes one JSON line {"id": name, "text": content}; Spark's RDD.pipe streams
the lines of each partition through `collate batch --jsonl`, which answers one line per input
in the same order. The job writes every restored document to OUTPUT/<id> and a
results.jsonl, and exits non-zero unless every id came back restored.

    python restore_job.py INPUT_DIR OUTPUT_DIR /path/to/collate
"""

import json
import os
import sys

from pyspark.sql import SparkSession


def main() -> int:
    input_dir, output_dir, collate = sys.argv[1], sys.argv[2], sys.argv[3]
    names = sorted(n for n in os.listdir(input_dir) if n.endswith((".md", ".txt")))
    lines = []
    for name in names:
        with open(os.path.join(input_dir, name), encoding="utf-8") as f:
            lines.append(json.dumps({"id": name, "text": f.read()}))

    spark = SparkSession.builder.master("local[2]").appName("collate").getOrCreate()
    try:
        rdd = spark.sparkContext.parallelize(lines, numSlices=4)
        results = rdd.pipe(f"{collate} batch --jsonl --threads 1").map(json.loads).collect()
    finally:
        spark.stop()

    os.makedirs(output_dir, exist_ok=True)
    with open(os.path.join(output_dir, "results.jsonl"), "w", encoding="utf-8") as out:
        for r in results:
            out.write(json.dumps({k: r[k] for k in ("id", "order", "confidence", "error")}) + "\n")
            if r["error"] is None:
                with open(os.path.join(output_dir, r["id"]), "w", encoding="utf-8") as f:
                    f.write(r["text"])

    returned = {r["id"] for r in results}
    failed = [r["id"] for r in results if r["error"] is not None]
    missing = sorted(set(names) - returned)
    print(f"spark: {len(names)} documents in, {len(results)} lines back, "
          f"{len(failed)} failed, {len(missing)} missing")
    if missing or failed or len(results) != len(names):
        print(f"spark: missing {missing}, failed {failed}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
