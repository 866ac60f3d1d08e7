def log = new File(basedir, 'build.log').text
assert log.contains('BUILD FAILURE')
// the message names the recording, the line and the column of the bad value
assert log.contains("raise/2.txt:17: column 5 (gx): not a number: 'oops'")
assert !new File(basedir, 'target/dataset').exists()
return true
