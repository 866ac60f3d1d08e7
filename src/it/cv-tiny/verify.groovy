import groovy.json.JsonSlurper

def json = new JsonSlurper()
def experiment = new File(basedir, 'target/output/multidim_imagenet/experiment')
def log = new File(basedir, 'build.log').text

// melgen: a dataset per fold and the plan
def plan = json.parse(new File(basedir, 'target/dataset/folds.json'))
assert plan.folds*.name == ['fold1', 'fold2']
assert plan.folds*.test_groups == [['1'], ['2']]

// train: each fold in its own run folder, finished
['fold1', 'fold2'].each { fold ->
    def status = json.parse(new File(experiment, "${fold}/run.json"))
    assert status.state == 'finished' : "${fold}: ${status}"
    assert new File(experiment, "${fold}/evaluation.json").isFile()
}
assert log.contains('=> fold 2 of 2 (fold2): test [2], training [1]')

// test: the summary the gate read pools both folds' test samples
def summary = json.parse(new File(basedir, 'target/cvt/tiny/evaluation.json'))
assert summary.cross_validation.folds*.fold == ['fold1', 'fold2']
assert summary.samples == summary.cross_validation.folds*.samples.sum()
assert summary.confusion.flatten().sum() == summary.samples
assert log.contains('=> cross-validation on \'val\', 2 folds:')
assert log.contains('quality gate met')

// the report page of the experiment: a row per fold, each fold's page beside it
def page = new File(basedir, 'target/cvt/tiny/report/index.html')
assert page.text.contains('href="fold2/index.html"')
assert new File(basedir, 'target/cvt/tiny/report/fold1/index.html').isFile()
