# Round-trip cost against message size: docs/benchmarks.svg from
# docs/plot/roundtrip.dat. Run from the repository root:
#   gnuplot docs/plot/roundtrip.gp
set terminal svg size 720,420 dynamic font "sans,12" background rgb "white"
set output "docs/benchmarks.svg"
set title "IPC round trip (call + reply) against payload size"
set xlabel "payload each way (bytes)"
set ylabel "guest instructions (median)"
set xrange [-100:4300]
set yrange [0:10500]
set ytics 0, 2000, 10000
set xtics (0, 256, 1024, 2048, 3072, 4096)
set grid ytics lc rgb "#dddddd"
set key top left
set style line 1 lc rgb "#d62728" pt 5 ps 1 lw 2
set style line 2 lc rgb "#1f77b4" pt 7 ps 1 lw 2
set style line 3 lc rgb "#888888" dt 2 lw 1
data = "docs/plot/roundtrip.dat"
plot data index 0 using 1:2 with linespoints ls 1 title "before issue 11: over 32 bytes, general path", \
     data index 1 using 1:2 with linespoints ls 2 title "now: up to 80 bytes in registers, up to 4 KiB on the fast path", \
     538 with lines ls 3 title "seL4 call + reply, our QEMU setup (538)", \
     data index 0 using 1:2:(sprintf("%d", $2)) with labels offset 0,1 notitle, \
     data index 1 using 1:2:(sprintf("%d", $2)) with labels offset 0,-1 notitle
