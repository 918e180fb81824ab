// Floor: N appending 4 KiB pwrite + fdatasync on FILE. Usage: append-fdatasync FILE N
#include <stdio.h>
#include <stdlib.h>
#include <fcntl.h>
#include <unistd.h>
#include <time.h>
#include <sys/resource.h>
static double now(void){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec*1e6+t.tv_nsec/1e3;}
static int cmp(const void*a,const void*b){double x=*(double*)a,y=*(double*)b;return x<y?-1:x>y;}
int main(int argc,char**argv){int n=atoi(argv[2]);int fd=open(argv[1],O_CREAT|O_TRUNC|O_WRONLY,0600);char buf[4096]={1};
 double*lat=malloc(8*n);struct rusage a,b;getrusage(RUSAGE_SELF,&a);
 for(int i=0;i<n;i++){double t0=now();pwrite(fd,buf,4096,(off_t)i*4096);fdatasync(fd);lat[i]=now()-t0;}
 getrusage(RUSAGE_SELF,&b);double c=((b.ru_utime.tv_sec-a.ru_utime.tv_sec)*1e6+(b.ru_utime.tv_usec-a.ru_utime.tv_usec)+(b.ru_stime.tv_sec-a.ru_stime.tv_sec)*1e6+(b.ru_stime.tv_usec-a.ru_stime.tv_usec))/n;
 qsort(lat,n,8,cmp);printf("pwrite4k+fdatasync n=%d cpu %.0f us p50 %.0f p99 %.0f max %.0f us\n",n,c,lat[n/2],lat[n*99/100],lat[n-1]);unlink(argv[1]);return 0;}
