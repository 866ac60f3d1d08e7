import groovy.json.JsonSlurper
import java.util.concurrent.TimeUnit
import javax.imageio.ImageIO

def json = new JsonSlurper()
def run = new File(basedir, 'target/output/multidim_imagenet/experiment')
def metrics = new File(run, 'metrics.jsonl').readLines().findAll { it.trim() }.collect { json.parseText(it) }
assert metrics.size() == 1
def status = json.parse(new File(run, 'run.json'))
def evaluation = json.parse(new File(basedir, 'target/cvt/tiny/evaluation.json'))
def log = new File(basedir, 'build.log').text

// cvt:train and cvt:test each drew the run's page and said where
def buildPage = new File(basedir, 'target/cvt/tiny/report/index.html')
assert buildPage.isFile()
assert log.count("report: ${buildPage.canonicalPath}") + log.count("report: ${buildPage.absolutePath}") >= 2

// ---- the site's index: one row for the experiment, with the run's figures
String pct(double v) { String.format(Locale.ROOT, '%.2f %%', v) }
String wall(double s) {
    if (Math.round(s * 10) < 600) return String.format(Locale.ROOT, '%.1f s', s)
    long w = Math.round(s)
    if (w < 3600) return "${w.intdiv(60)} min ${w % 60} s"
    long m = Math.round(s / 60)
    return String.format(Locale.ROOT, '%d h %02d min', m.intdiv(60), m % 60)
}
String text(String html) {
    def t = html.replaceAll('<[^>]+>', '').trim()
    t = t.replaceAll(/&#x([0-9a-fA-F]+);/) { all, hex -> Character.toString(Integer.parseInt(hex, 16)) }
    t = t.replaceAll(/&#([0-9]+);/) { all, dec -> Character.toString(Integer.parseInt(dec)) }
    t.replace('&lt;', '<').replace('&gt;', '>').replace('&amp;', '&')
}
def index = new File(basedir, 'target/site/cvt/index.html')
assert index.isFile() : 'no site report at target/site/cvt/index.html'
def html = index.text
assert html.contains('CvT experiments')
def rows = (html =~ /(?s)<tr[^>]*>(.*?)<\/tr>/).collect { it[1] }
def cells = rows.collect { row -> (row =~ /(?s)<t[hd][^>]*>(.*?)<\/t[hd]>/).collect { it[1] } }
assert cells.size() == 2 : "expected a header and one experiment: ${cells}"
assert cells[0].collect { text(it) } == ['Experiment', 'State', 'Best top-1', 'Balanced accuracy', 'Epochs', 'Wall time', 'Report']
def row = cells[1].collect { text(it) }
// the epoch training kept as model_best, as run.json names it
def best = metrics.find { it.epoch == status.best_epoch }
assert row[0] == 'tiny'
assert row[1] == 'finished'
assert row[2] == pct(best.val_top1 as double) + " (epoch ${status.best_epoch})" : "best top-1 ${row[2]} vs metrics ${best}"
// the balanced accuracy of the evaluation (one epoch: the best model is the only one, so the figures agree)
assert row[3] == pct(evaluation.balanced_accuracy as double) : "balanced accuracy ${row[3]} vs evaluation.json ${evaluation.balanced_accuracy}"
assert row[4] == '1 / 1'
assert row[5] == wall(status.wall_seconds as double) : "wall time ${row[5]} vs run.json ${status.wall_seconds}"
assert cells[1][6].contains('href="tiny/index.html"')

// ---- the experiment's own page in the site: self-contained, with its curves as SVG
def page = new File(basedir, 'target/site/cvt/tiny/index.html')
assert page.isFile()
def pageHtml = page.text
assert pageHtml.contains('<svg') && pageHtml.contains('<polyline')
assert !(pageHtml =~ /(?i)<script[^>]+src=|<link[^>]+href="https?:/) : 'the page must not load anything from elsewhere'

// ---- browser test: the page in headless Chromium at a phone's and a desktop's width
def chromium = ['chromium', 'chromium-browser', 'google-chrome'].find { exe ->
    System.getenv('PATH').split(File.pathSeparator).any { new File(it, exe).canExecute() }
}
if (chromium == null) {
    println 'site-tiny: browser test SKIPPED: no chromium on the PATH (Debian: apt-get install chromium)'
    return true
}
def shots = new File(basedir, 'target/screenshots')
def kept = new File(basedir, '../../report-screenshots') // cvt-maven-plugin/target/report-screenshots
[shots, kept].each { it.mkdirs() }
[[390, 3000], [1280, 2000]].each { size ->
    int width = size[0], height = size[1]
    def png = new File(shots, "report-${width}.png")
    png.delete()
    def command = [chromium, '--headless', '--disable-gpu', '--no-sandbox', '--hide-scrollbars', '--no-first-run',
                   "--user-data-dir=${new File(basedir, 'target/chromium-profile')}", "--screenshot=${png}",
                   "--window-size=${width},${height}", page.toURI().toString()]*.toString()
    def process = new ProcessBuilder(command).redirectErrorStream(true).start()
    def output = new StringBuilder()
    process.consumeProcessOutput(output, output)
    assert process.waitFor(120, TimeUnit.SECONDS) : "chromium did not finish in 120 s: ${output}"
    assert png.isFile() : "chromium wrote no screenshot (exit ${process.exitValue()}): ${output}"

    def image = ImageIO.read(png)
    assert image.width == width
    // the background: the most common colour
    def counts = new HashMap<Integer, Integer>()
    for (int y = 0; y < image.height; y += 3) {
        for (int x = 0; x < image.width; x += 3) {
            counts.merge(image.getRGB(x, y) & 0xffffff, 1, Integer::sum)
        }
    }
    int background = counts.max { it.value }.key
    def differs = { int rgb ->
        int d = Math.abs(((rgb >> 16) & 255) - ((background >> 16) & 255)) + Math.abs(((rgb >> 8) & 255) - ((background >> 8) & 255)) +
                Math.abs((rgb & 255) - (background & 255))
        d > 24
    }
    long content = 0
    int contentRows = 0
    int rightmost = -1   // right-most content pixel on rows whose left edge is background (full-width bands excepted)
    for (int y = 0; y < image.height; y++) {
        boolean leftMargin = !differs(image.getRGB(0, y))
        boolean any = false
        for (int x = 0; x < image.width; x++) {
            if (differs(image.getRGB(x, y))) {
                content++
                any = true
                if (leftMargin && x > rightmost) {
                    rightmost = x
                }
            }
        }
        if (any) {
            contentRows++
        }
    }
    double share = content / (double) (image.width * image.height)
    println "site-tiny: screenshot ${png} (${width} x ${height}): ${String.format(Locale.ROOT, '%.1f', share * 100)} % content pixels on ${contentRows} rows, right-most content column ${rightmost}"
    // a blank or broken page has (next to) nothing drawn; the report has text, charts and tables on hundreds of rows
    assert share > 0.002 && contentRows > 200 : "the page looks blank at width ${width}: ${share * 100} % content pixels on ${contentRows} rows"
    assert rightmost >= 0 && rightmost < width - 2 : "content reaches the right edge at width ${width} (column ${rightmost}): cut off"
    java.nio.file.Files.copy(png.toPath(), new File(kept, "site-tiny-${width}.png").toPath(), java.nio.file.StandardCopyOption.REPLACE_EXISTING)
}
return true
