def log = new File(basedir, 'build.log').text
assert log.contains('BUILD FAILURE')
// trained and evaluated: the build failed on the gate, not before
assert new File(basedir, 'target/output/multidim_imagenet/experiment/model_best-0000.params').isFile()
assert new File(basedir, 'target/cvt/tiny/evaluation.json').isFile()
assert log.contains("experiment 'tiny': quality gate failed: top-1 ")
assert log.contains(' < minTop1 101.00 % (val, 4 samples)')
// the gate as CI servers read it: JUnit XML, the missed minimum a failed test case
def suite = new groovy.xml.XmlSlurper().parse(new File(basedir, 'target/cvt-reports/TEST-tiny.xml'))
assert suite.@name == 'cvt.tiny' && suite.@tests == '2' && suite.@failures == '1' && suite.@errors == '0'
assert suite.testcase.find { it.@name == 'evaluation' }.failure.size() == 0
assert suite.testcase.find { it.@name == 'minTop1' }.failure.@message.text().endsWith(' < minTop1 101.00 % (val, 4 samples)')
// <attach>: the trained model zipped and attached
assert new File(basedir, 'target/cvt/tiny/tiny-model.zip').isFile()
assert log.contains('attached ') && log.contains('as classifier tiny, type zip')
return true
