import groovy.json.JsonSlurper

// the README's project went through every goal: dataset, run below target/, evaluation, site
def json = new JsonSlurper()
def log = new File(basedir, 'build.log').text
assert new File(basedir, 'target/datasets/tiny/counts.csv').isFile() : 'cvt:melgen wrote no dataset'
// OUTPUT_DIR '' under Maven: the run folder is below target/, so mvn clean removes it
def run = new File(basedir, 'target/cvt-output/multidim_imagenet/tiny')  // NAME '' is the file's name
assert json.parse(new File(run, 'run.json')).state == 'finished'
assert new File(run, 'metrics.jsonl').readLines().findAll { it.trim() }.size() == 5
def evaluation = json.parse(new File(basedir, 'target/cvt/tiny/evaluation.json'))
assert evaluation.samples > 0
assert new File(basedir, 'target/site/cvt/index.html').text.contains('CvT experiments')
assert new File(basedir, 'target/site/cvt/tiny/index.html').isFile()
// the README's pom draws no warning: packaging pom (no empty JAR), every plugin with a version
assert !log.contains('JAR will be empty')
assert !log.contains('has an empty version')
// the gpu profile adds the CUDA native to the plugin, not to the project
def pom = new groovy.xml.XmlSlurper().parse(new File(basedir, 'pom.xml'))
def gpu = pom.profiles.profile.find { it.id.text() == 'gpu' }
def plugin = gpu.build.plugins.plugin.find { it.artifactId.text() == 'cvt-maven-plugin' }
assert plugin.dependencies.dependency.artifactId*.text() == ['pytorch-native-cu124']
assert !log.contains('requested profile "gpu" could not be activated')
return true
