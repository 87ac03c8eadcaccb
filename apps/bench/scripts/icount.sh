#!/bin/sh
# Instructions per operation of one bench contestant, counted by callgrind (the count does not depend on machine load):
#   apps/bench/scripts/icount.sh BACKEND "OP ID" CONTESTANT [N]
# e.g. apps/bench/scripts/icount.sh node "JWT HS256 verify" cryptoplug-jose:auto 3000
# Valgrind starts with instrumentation off; icount.mjs warms the contestant up (3000 calls or 60 s), switches instrumentation
# on with callgrind_control, runs N calls and switches it off. A second run with N = 0 gives the fixed cost of the
# switching, which is subtracted. Node runs with --single-threaded (no concurrent compiler or GC threads): without it
# the same run varied by 30%.
# Prints two numbers per operation: all instructions, and the same without V8's garbage collector (functions of its
# sweeper, scavenger, marker, free lists, heap and page bookkeeping) and without its optimising compiler
# (TurboFan/Maglev, which can still be (re)compiling a function during the counted calls after the warm-up). Whether a
# GC cycle or a compilation lands in the counted calls is a lottery that moved single runs by up to 15%; the second
# number is what the changes were judged by (allocation differences show in the first one, over several runs).
set -eu
dir=$(cd "$(dirname "$0")" && pwd)
backend=$1 id=$2 name=$3 n=${4:-1000}
tmp=$(mktemp -d)
ir() {
  ICOUNT=1 valgrind --tool=callgrind --instr-atstart=no --trace-children=no --callgrind-out-file="$tmp/cg.$1" \
    node --single-threaded --expose-gc "$dir/icount.mjs" "$backend" "$id" "$name" 3000 "$1" >/dev/null 2>&1
  callgrind_annotate --inclusive=no --threshold=100 "$tmp/cg.$1" | awk '
    /PROGRAM TOTALS/ { gsub(",", "", $1); total = $1 }
    /v8::internal::/ && /Sweep|Scaveng|Mark|Evacuat|Heap::|HeapObject::SizeFromMap|FreeList|RememberedSet|SlotSet|ObjectCache|Compactor|Collector|GCTracer|MemoryChunk|Page|Minor|Semi|Space|Marking|Weak|compiler::|maglev|turboshaft|Zone|Compiler|RegisterAllocat|Deoptimiz/ { v = $1; gsub(",", "", v); gc += v }
    END { printf "%d %d\n", total, total - gc }'
}
set -- $(ir 0) $(ir "$n")
rm -rf "$tmp"
echo "$backend	$id	$name	$(( ($3 - $1) / n ))	$(( ($4 - $2) / n )) without GC and JIT"
