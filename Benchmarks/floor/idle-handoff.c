// Cost of one cross-thread hand-off when the receiving thread was idle (as between readings).
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
#include <sys/resource.h>
static pthread_mutex_t m=PTHREAD_MUTEX_INITIALIZER; static pthread_cond_t c=PTHREAD_COND_INITIALIZER;
static int seq=0, done=0; static double sent, lat[4000];
static double now(void){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec*1e6+t.tv_nsec/1e3;}
static int cmp(const void*a,const void*b){double x=*(double*)a,y=*(double*)b;return x<y?-1:x>y;}
static void* rx(void*_){int seen=0;pthread_mutex_lock(&m);while(!done){while(seq==seen&&!done)pthread_cond_wait(&c,&m);if(seq!=seen){lat[seen]=now()-sent;seen=seq;}}pthread_mutex_unlock(&m);return 0;}
int main(int argc,char**argv){int n=atoi(argv[1]);int gap=atoi(argv[2]);pthread_t t;pthread_create(&t,0,rx,0);
 struct rusage a,b;getrusage(RUSAGE_SELF,&a);
 for(int i=0;i<n;i++){usleep(gap);pthread_mutex_lock(&m);sent=now();seq++;pthread_cond_signal(&c);pthread_mutex_unlock(&m);}
 usleep(gap);pthread_mutex_lock(&m);done=1;pthread_cond_signal(&c);pthread_mutex_unlock(&m);pthread_join(t,0);getrusage(RUSAGE_SELF,&b);
 double cpu=((b.ru_utime.tv_sec-a.ru_utime.tv_sec)*1e6+(b.ru_utime.tv_usec-a.ru_utime.tv_usec)+(b.ru_stime.tv_sec-a.ru_stime.tv_sec)*1e6+(b.ru_stime.tv_usec-a.ru_stime.tv_usec))/n;
 qsort(lat,n,8,cmp);printf("gap %d us: hand-off to an idle thread p50 %.0f us p99 %.0f us; process CPU per hand-off (incl. the sleeping sender) %.0f us\n",gap,lat[n/2],lat[n*99/100],cpu);return 0;}
