set datafile missing 'NaN'
set key outside right top
set grid
set title "Crash recovery time (median over trials)"
set style data histograms
set style fill solid 0.8 border -1
set boxwidth 0.7
unset key
set ylabel 'recovery time, ms (CPU)'
set xlabel 'strategy'
set yrange [0:*]
set xtics rotate by -30
plot "recovery_time.dat" using 2:xtic(1) title columnhead(2)
