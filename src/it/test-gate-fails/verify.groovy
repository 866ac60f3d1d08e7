def log = new File(basedir, 'build.log').text
assert log.contains('BUILD FAILURE')
// trained and evaluated: the build failed on the gate, not before
assert new File(basedir, 'target/output/multidim_imagenet/experiment/model_best-0000.params').isFile()
assert new File(basedir, 'target/cvt/tiny/evaluation.json').isFile()
assert log.contains("experiment 'tiny': quality gate failed: top-1 ")
assert log.contains(' < minTop1 101.00 % (val, 4 samples)')
return true
