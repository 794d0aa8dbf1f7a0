set datafile missing 'NaN'
set key outside right top
set grid
set title ""
unset title
set multiplot layout 1,2 title "WAL volume per transaction by checkpoint interval"
set title "aid uniform"
set logscale x 2
set xrange [166.667:6000]
set xtics (250, 1000, 4000)
set xlabel 'checkpoint every N transactions'
set ylabel 'WAL bytes per transaction'
set yrange [0:*]
unset key
plot for [c=2:8] "wal_per_txn_0.dat" using 1:c with linespoints linewidth 2 title columnhead(c)
set title "aid zipfian:1.1"
set logscale x 2
set xrange [166.667:6000]
set xtics (250, 1000, 4000)
set xlabel 'checkpoint every N transactions'
set ylabel 'WAL bytes per transaction'
set yrange [0:*]
set key outside right top
plot for [c=2:8] "wal_per_txn_1.dat" using 1:c with linespoints linewidth 2 title columnhead(c)
unset multiplot
