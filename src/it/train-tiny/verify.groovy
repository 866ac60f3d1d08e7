def run = new File(basedir, 'target/output/multidim_imagenet/experiment')
['model_best-0000.params', 'final-0000.params', 'metrics.jsonl'].each { name ->
    assert new File(run, name).length() > 0 : "missing or empty: $run/$name"
}
// one epoch: one line of metrics
assert new File(run, 'metrics.jsonl').readLines().findAll { it.trim() }.size() == 1

// the command of each forked run, kept to rerun by hand
['train', 'test'].each { goal ->
    def args = new File(basedir, "target/cvt/tiny/${goal}.args").readLines()
    assert args.contains('"-Dai.djl.offline=true"') && args.contains('"-Xmx1g"') && args.contains("\"${goal}\"".toString())
    // defaults before the pom's jvmArgs, so that they can override them
    assert args.indexOf('"-Dai.djl.offline=true"') < args.indexOf('"-Xmx1g"') && args.contains('"-Dcvt.parentWatch=stdin"')
    // the runtime's dependencies (and its logging backend), not the plugin's site stack
    def classpath = args[args.indexOf('"-cp"') + 1]
    assert classpath.contains('cvt-runtime') && classpath.contains('slf4j-simple') && classpath.contains('pytorch-native-cpu')
    assert !classpath.contains('doxia') && !classpath.contains('maven-reporting') && !classpath.contains('cvt-maven-plugin-0')
}

def evaluation = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/cvt/tiny/evaluation.json'))
assert evaluation.split == 'val'
assert evaluation.samples == 4   // 8 windows per class, 6 train + 2 val
assert evaluation.classes == ['curl', 'raise']
['top1', 'top5', 'balanced_accuracy', 'macro_f1'].each { assert evaluation[it] >= 0 && evaluation[it] <= 100 }
// melgen kept the raw windows: the random-forest baseline is scored on the same split
assert evaluation.baseline.method == 'random_forest(100 trees, window statistics)'
assert evaluation.baseline.train_samples == 12 && evaluation.baseline.samples == 4
['top1', 'balanced_accuracy'].each { assert evaluation.baseline[it] >= 0 && evaluation.baseline[it] <= 100 }

def log = new File(basedir, 'build.log').text
assert !log.contains('No SLF4J providers')
assert log.contains('=> Epoch[0/1][0/') && log.contains('ETA epoch ')
assert log.contains("experiment 'tiny' (val, 4 samples): top-1 ")
assert log.contains('baseline random forest (12 training windows, ')
assert log.contains('no quality gate set')
return true
