set datafile missing 'NaN'
set key outside right top
set grid
set title "Bytes written per transaction (uniform, checkpoint every 1000)"
set style data histograms
set style histogram rowstacked
set style fill solid 0.8 border -1
set boxwidth 0.7
set ylabel 'bytes written per transaction'
set xlabel 'strategy'
set yrange [0:*]
set xtics rotate by -30
plot for [c=2:7] "bytes_written.dat" using c:xtic(1) title columnhead(c)
