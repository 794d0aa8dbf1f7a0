set datafile missing 'NaN'
set key outside right top
set grid
set title "WAL per transaction over time (zipfian:1.1, checkpoint every 250 transactions)"
set xlabel 'transactions since the start of the run'
set ylabel 'WAL bytes per transaction'
set yrange [0:*]
set xtics 250
plot for [c=2:8] "wal_over_time.dat" using 1:c with lines linewidth 2 title columnhead(c)
