set datafile missing 'NaN'
set key outside right top
set grid
set title "Crash trials: outcomes"
set style data histograms
set style histogram rowstacked
set style fill solid 0.8 border -1
set boxwidth 0.7
set ylabel 'trials'
set xlabel 'strategy / sector size (bytes)'
set yrange [0:*]
set xtics rotate by -30
colors = '#2ca02c #d62728 #ff7f0e #9467bd #7f7f7f'
plot for [c=2:6] "crash_trials.dat" using c:xtic(1) linecolor rgb word(colors, c-1) title columnhead(c)
