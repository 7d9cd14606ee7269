//! The registry of cluster diagnoses: what each one means, why it happens
//! and how to fix it, in French and English (`kubecours explain ID`,
//! `kubecours rules`, the book's catalogue).

use crate::diag::{Area, Basis, Code, Family, Severity};
use crate::i18n::Text;

macro_rules! diagnoses {
    ($( $name:ident: $id:literal, $area:ident, $sev:ident, $chapter:literal,
        summary($sfr:literal, $sen:literal),
        what($wfr:literal, $wen:literal),
        why($yfr:literal, $yen:literal),
        fix($ffr:literal, $fen:literal); )*) => {
        $(
            pub static $name: Code = Code {
                id: $id,
                family: Family::Cluster(Area::$area),
                severity: Severity::$sev,
                basis: Basis::Judgement,
                chapter: $chapter,
                summary: Text { fr: $sfr, en: $sen },
                what: Text { fr: $wfr, en: $wen },
                why: Text { fr: $yfr, en: $yen },
                fix: Text { fr: $ffr, en: $fen },
                bad: "",
                good: "",
            };
        )*
        /// Every diagnosis, in the order of the catalogue.
        pub static ALL: &[&Code] = &[ $( &$name, )* ];
    };
}

diagnoses! {
    IMAGE_PULL: "image-pull", Containers, Error, "diagnostiquer.md#errimagepull-et-imagepullbackoff",
        summary("L'image d'un conteneur ne peut pas être téléchargée (ErrImagePull, ImagePullBackOff)", "A container's image cannot be downloaded (ErrImagePull, ImagePullBackOff)"),
        what("Un conteneur attend avec la raison `ErrImagePull` ou `ImagePullBackOff` : le nœud n'arrive pas à télécharger son image. Le diagnostic dit pourquoi d'après l'événement du cluster (image ou tag inexistant, registre privé, nom mal écrit) et pointe la ligne `image:` de votre fichier.", "A container waits with reason `ErrImagePull` or `ImagePullBackOff`: the node cannot download its image. The diagnosis says why from the cluster's event (no such image or tag, private registry, misspelt name) and points at the `image:` line of your file."),
        why("Sans image, le conteneur ne démarre jamais : le Pod reste en attente, le Deployment n'est jamais disponible et le Service n'a aucun endpoint.", "Without its image the container never starts: the Pod stays waiting, the Deployment is never available and the Service has no endpoint."),
        fix("Corrigez `image:` (nom, tag qui existe vraiment), ou ajoutez `imagePullSecrets` pour un registre privé, puis `kubectl apply -f`.", "Fix `image:` (name, a tag that really exists), or add `imagePullSecrets` for a private registry, then `kubectl apply -f`.");
    IMAGE_NEVER_PULL: "image-never-pull", Containers, Error, "diagnostiquer.md#errimageneverpull",
        summary("`imagePullPolicy: Never` et une image absente du nœud (ErrImageNeverPull)", "`imagePullPolicy: Never` and an image the node does not have (ErrImageNeverPull)"),
        what("Un conteneur attend avec la raison `ErrImageNeverPull` : son `imagePullPolicy` est `Never`, donc le nœud n'a pas le droit de télécharger l'image, et il ne l'a pas déjà.", "A container waits with reason `ErrImageNeverPull`: its `imagePullPolicy` is `Never`, so the node may not download the image, and does not already have it."),
        why("`Never` ne sert que sur un cluster local où l'on charge les images à la main (kind, minikube). Sur un cluster partagé, l'image n'est jamais sur le nœud : le conteneur ne démarre jamais.", "`Never` is only for a local cluster where images are loaded by hand (kind, minikube). On a shared cluster the image is never on the node: the container never starts."),
        fix("Enlevez `imagePullPolicy: Never` (ou mettez `IfNotPresent`) dans le fichier, puis `kubectl apply -f` : le cluster remplace alors les Pods.", "Remove `imagePullPolicy: Never` (or use `IfNotPresent`) in the file, then `kubectl apply -f`: the cluster then replaces the Pods.");
    INVALID_IMAGE_NAME: "invalid-image-name", Containers, Error, "diagnostiquer.md#invalidimagename",
        summary("Un nom d'image invalide (InvalidImageName)", "An invalid image name (InvalidImageName)"),
        what("Un conteneur attend avec la raison `InvalidImageName` : la valeur de `image:` n'est pas un nom d'image (majuscules, espace, `https://`, deux `:`).", "A container waits with reason `InvalidImageName`: the `image:` value is not an image name (capitals, a space, `https://`, two `:`)."),
        why("Le nœud ne peut même pas chercher l'image : le conteneur ne démarrera jamais.", "The node cannot even look for the image: the container will never start."),
        fix("Écrivez `registre/dépôt:tag` en minuscules, sans espace ni schéma (`nginx:1.27`), puis `kubectl apply -f`.", "Write `registry/repository:tag` in lower case, with no space nor scheme (`nginx:1.27`), then `kubectl apply -f`.");
    CONFIG_ERROR: "config-error", Containers, Error, "diagnostiquer.md#createcontainerconfigerror",
        summary("Un conteneur ne peut pas être créé : ConfigMap, Secret ou clé manquante (CreateContainerConfigError)", "A container cannot be created: a missing ConfigMap, Secret or key (CreateContainerConfigError)"),
        what("Un conteneur attend avec la raison `CreateContainerConfigError` : une ConfigMap, un Secret ou une clé qu'il lit (`envFrom`, `valueFrom`) n'existe pas dans le namespace.", "A container waits with reason `CreateContainerConfigError`: a ConfigMap, a Secret or a key it reads (`envFrom`, `valueFrom`) does not exist in the namespace."),
        why("Le kubelet refuse de lancer un conteneur dont l'environnement est incomplet ; il réessaie sans fin.", "The kubelet refuses to start a container whose environment is incomplete; it retries forever."),
        fix("Créez l'objet ou la clé manquante (`kubectl apply -f configmap.yaml`), ou corrigez son nom dans le Deployment ; les Pods démarrent dès qu'il existe.", "Create the missing object or key (`kubectl apply -f configmap.yaml`), or fix its name in the Deployment; the Pods start as soon as it exists.");
    CRASH_LOOP: "crash-loop", Containers, Error, "diagnostiquer.md#crashloopbackoff",
        summary("Un conteneur s'arrête sans cesse (CrashLoopBackOff)", "A container keeps stopping (CrashLoopBackOff)"),
        what("Un conteneur redémarre en boucle : il se termine (code de sortie non nul, commande introuvable, sonde de vivacité qui échoue). Le diagnostic donne le code de sortie, son sens et les dernières lignes du journal quand elles ont pu être lues.", "A container restarts in a loop: it exits (non-zero exit code, command not found, failing liveness probe). The diagnosis gives the exit code, its meaning and the last log lines when they could be read."),
        why("Entre deux redémarrages, Kubernetes attend de plus en plus longtemps (jusqu'à 5 minutes) : l'application n'est presque jamais disponible.", "Between restarts, Kubernetes waits longer and longer (up to 5 minutes): the application is almost never available."),
        fix("Lisez le journal (`kubectl logs POD --previous`), corrigez la cause (configuration, commande, port, sonde), puis `kubectl apply -f`.", "Read the log (`kubectl logs POD --previous`), fix the cause (configuration, command, port, probe), then `kubectl apply -f`.");
    OOM_KILLED: "oom-killed", Containers, Error, "diagnostiquer.md#oomkilled",
        summary("Un conteneur tué pour avoir dépassé sa limite de mémoire (OOMKilled)", "A container killed for exceeding its memory limit (OOMKilled)"),
        what("Le dernier arrêt d'un conteneur a pour raison `OOMKilled` : il a utilisé plus de mémoire que `resources.limits.memory`.", "A container's last termination has reason `OOMKilled`: it used more memory than `resources.limits.memory`."),
        why("Le noyau tue le processus dès qu'il dépasse sa limite ; il redémarre, remonte en mémoire, et recommence.", "The kernel kills the process as soon as it goes over its limit; it restarts, grows again, and starts over."),
        fix("Augmentez `resources.limits.memory` (mesurez avec `kubectl top pod`), ou réduisez la consommation de l'application, puis `kubectl apply -f`.", "Raise `resources.limits.memory` (measure with `kubectl top pod`), or reduce the application's usage, then `kubectl apply -f`.");
    READINESS_FAILING: "readiness-failing", Containers, Error, "diagnostiquer.md#une-sonde-de-disponibilité-qui-échoue",
        summary("Un conteneur tourne mais sa sonde de disponibilité échoue", "A container runs but its readiness probe fails"),
        what("Le conteneur tourne mais n'est jamais prêt : sa `readinessProbe` échoue (mauvais chemin, mauvais port, application trop lente à démarrer).", "The container runs but is never ready: its `readinessProbe` fails (wrong path, wrong port, application too slow to start)."),
        why("Un Pod qui n'est pas prêt ne reçoit aucun trafic : le Service n'a aucun endpoint prêt et l'Ingress répond 503.", "A Pod that is not ready gets no traffic: the Service has no ready endpoint and the Ingress answers 503."),
        fix("Vérifiez que l'application répond au `path` et au `port` de la sonde, corrigez-la (ou `initialDelaySeconds`), puis `kubectl apply -f`.", "Check the application answers on the probe's `path` and `port`, fix it (or `initialDelaySeconds`), then `kubectl apply -f`.");
    PENDING_UNSCHEDULABLE: "pending-unschedulable", Scheduling, Error, "diagnostiquer.md#pending-et-failedscheduling",
        summary("Un Pod qu'aucun nœud ne peut accueillir (Pending, FailedScheduling)", "A Pod no node can take (Pending, FailedScheduling)"),
        what("Un Pod reste `Pending` avec un événement `FailedScheduling` : le scheduler ne trouve aucun nœud qui convienne (pas de nœud du tout, processeur ou mémoire insuffisants, `nodeSelector`, taints).", "A Pod stays `Pending` with a `FailedScheduling` event: the scheduler finds no suitable node (no node at all, not enough CPU or memory, `nodeSelector`, taints)."),
        why("Tant qu'il n'est pas placé, le Pod n'existe que sur le papier : rien ne tourne.", "Until it is placed, the Pod only exists on paper: nothing runs."),
        fix("Réduisez `resources.requests`, retirez un `nodeSelector` trop strict, ou demandez à l'enseignant si le cluster manque de nœuds ; `kubectl describe pod POD` montre la raison exacte.", "Lower `resources.requests`, remove a too strict `nodeSelector`, or ask the teacher whether the cluster lacks nodes; `kubectl describe pod POD` shows the exact reason.");
    QUOTA_EXCEEDED: "quota-exceeded", Workloads, Error, "diagnostiquer.md#quota-de-ressources-dépassé",
        summary("Des Pods refusés par le ResourceQuota du namespace", "Pods refused by the namespace's ResourceQuota"),
        what("Le ReplicaSet n'arrive pas à créer ses Pods : le ResourceQuota du namespace les refuse (quota atteint, ou `requests`/`limits` absents alors que le quota les exige).", "The ReplicaSet cannot create its Pods: the namespace's ResourceQuota refuses them (quota reached, or `requests`/`limits` missing while the quota requires them)."),
        why("Sur une plateforme partagée, chaque namespace a un quota : un Pod sans ressources déclarées ou trop gourmand n'est même pas créé.", "On a shared platform each namespace has a quota: a Pod without declared resources, or too greedy, is not even created."),
        fix("Déclarez `resources.requests` et `limits` dans chaque conteneur, réduisez-les ou réduisez `replicas` ; `kubectl describe resourcequota` montre l'usage.", "Declare `resources.requests` and `limits` in every container, lower them or lower `replicas`; `kubectl describe resourcequota` shows the usage.");
    REPLICA_FAILURE: "replica-failure", Workloads, Error, "deployment.md",
        summary("Un ReplicaSet dont le cluster refuse les Pods (ReplicaFailure)", "A ReplicaSet whose Pods the cluster refuses (ReplicaFailure)"),
        what("Le ReplicaSet a la condition `ReplicaFailure` : le cluster refuse de créer ses Pods pour une autre raison qu'un quota (admission, ServiceAccount inexistant…).", "The ReplicaSet has the `ReplicaFailure` condition: the cluster refuses to create its Pods for a reason other than a quota (admission, a ServiceAccount that does not exist…)."),
        why("Le Deployment existe, mais aucun Pod ne sera jamais créé.", "The Deployment exists, but no Pod will ever be created."),
        fix("Lisez le message du cluster (`kubectl describe rs`), corrigez le modèle de Pod, puis `kubectl apply -f`.", "Read the cluster's message (`kubectl describe rs`), fix the pod template, then `kubectl apply -f`.");
    ROLLOUT_STUCK: "rollout-stuck", Workloads, Error, "diagnostiquer.md#progressdeadlineexceeded",
        summary("Une mise à jour de Deployment bloquée (ProgressDeadlineExceeded)", "A Deployment rollout that is stuck (ProgressDeadlineExceeded)"),
        what("Le Deployment a la condition `Progressing` à `False` avec la raison `ProgressDeadlineExceeded` : ses nouveaux Pods ne sont pas devenus prêts à temps.", "The Deployment has condition `Progressing` at `False` with reason `ProgressDeadlineExceeded`: its new Pods did not become ready in time."),
        why("Les anciens Pods continuent de servir, mais la nouvelle version n'arrive jamais ; la cause est sur les nouveaux Pods.", "The old Pods keep serving, but the new version never arrives; the cause is on the new Pods."),
        fix("Corrigez la cause vue sur les nouveaux Pods puis `kubectl apply -f`, ou revenez en arrière : `kubectl rollout undo deployment/NOM`.", "Fix the cause seen on the new Pods then `kubectl apply -f`, or roll back: `kubectl rollout undo deployment/NAME`.");
    LOADBALANCER_PENDING: "loadbalancer-pending", Services, Warning, "diagnostiquer.md#un-loadbalancer-en-attente",
        summary("Un Service LoadBalancer dont l'IP externe reste en attente", "A LoadBalancer Service whose external IP stays pending"),
        what("Le Service est de type `LoadBalancer` mais n'a pas d'IP externe : le cluster ne fournit pas d'équilibreur de charge.", "The Service is of type `LoadBalancer` but has no external IP: the cluster provides no load balancer."),
        why("Sans IP externe, personne n'atteint l'application par ce Service ; sur la plateforme du cours, on expose en HTTP par un Ingress.", "Without an external IP nobody reaches the application through this Service; on the course platform HTTP is exposed by an Ingress."),
        fix("Mettez un Service `ClusterIP` derrière un Ingress, puis `kubectl apply -f`.", "Use a `ClusterIP` Service behind an Ingress, then `kubectl apply -f`.");
    SERVICE_NO_ENDPOINTS: "service-no-endpoints", Services, Error, "diagnostiquer.md#un-service-sans-endpoints",
        summary("Un Service qui ne sélectionne aucun Pod (aucun endpoint)", "A Service that selects no Pod (no endpoints)"),
        what("Le Service n'a aucun endpoint : son `selector` ne correspond aux labels d'aucun Pod du namespace. Le diagnostic montre le sélecteur à côté des labels des Pods qui existent.", "The Service has no endpoints: its `selector` matches the labels of no Pod of the namespace. The diagnosis shows the selector beside the labels of the Pods that exist."),
        why("Un Service sans endpoint répond « connection refused » (ou 503 derrière un Ingress) alors que les Pods tournent.", "A Service with no endpoint answers \"connection refused\" (or 503 behind an Ingress) while the Pods run."),
        fix("Mettez dans `spec.selector` des labels que portent les Pods (`spec.template.metadata.labels` du Deployment), puis `kubectl apply -f`.", "Put in `spec.selector` labels the Pods carry (the Deployment's `spec.template.metadata.labels`), then `kubectl apply -f`.");
    ENDPOINTS_NOT_READY: "endpoints-not-ready", Services, Error, "diagnostiquer.md#un-service-sans-endpoints",
        summary("Un Service dont aucun Pod sélectionné n'est prêt", "A Service none of whose selected Pods is ready"),
        what("Le Service sélectionne des Pods, mais aucun n'est prêt : ils démarrent encore, plantent ou échouent leur sonde de disponibilité.", "The Service selects Pods, but none is ready: they are still starting, crashing or failing their readiness probe."),
        why("Un Service n'envoie le trafic qu'aux Pods prêts : sans eux, les requêtes échouent.", "A Service only sends traffic to ready Pods: without them, requests fail."),
        fix("Regardez le diagnostic des Pods (image, plantage, sonde), corrigez-le, puis `kubectl apply -f`.", "Look at the Pods' diagnosis (image, crash, probe), fix it, then `kubectl apply -f`.");
    INGRESS_BACKEND_MISSING: "ingress-backend-missing", Ingress, Error, "diagnostiquer.md#un-ingress-dont-le-backend-nexiste-pas",
        summary("Un Ingress vers un Service qui n'existe pas", "An Ingress to a Service that does not exist"),
        what("Une règle de l'Ingress envoie le trafic à un Service absent du namespace.", "A rule of the Ingress sends traffic to a Service that is not in the namespace."),
        why("Le contrôleur d'Ingress répond 503 à chaque requête sur ce chemin.", "The ingress controller answers 503 to every request on that path."),
        fix("Corrigez `backend.service.name`, ou créez le Service, puis `kubectl apply -f`.", "Fix `backend.service.name`, or create the Service, then `kubectl apply -f`.");
    INGRESS_BACKEND_PORT: "ingress-backend-port", Ingress, Error, "diagnostiquer.md#un-ingress-dont-le-backend-nexiste-pas",
        summary("Un Ingress vers un port que le Service n'a pas", "An Ingress to a port the Service does not have"),
        what("Une règle de l'Ingress vise un port du Service qui n'existe pas (souvent le `targetPort` au lieu du `port`).", "A rule of the Ingress targets a port of the Service that does not exist (often the `targetPort` instead of the `port`)."),
        why("Le contrôleur d'Ingress ne sait pas où envoyer le trafic : 503.", "The ingress controller does not know where to send traffic: 503."),
        fix("Mettez dans `backend.service.port.number` le `port` du Service, puis `kubectl apply -f`.", "Put the Service's `port` in `backend.service.port.number`, then `kubectl apply -f`.");
    PVC_PENDING: "pvc-pending", Storage, Error, "namespace-stockage.md",
        summary("Un PersistentVolumeClaim qui reste en attente", "A PersistentVolumeClaim that stays pending"),
        what("Le PersistentVolumeClaim reste `Pending` : aucun volume ne peut lui être fourni (classe de stockage inconnue, taille ou mode d'accès impossibles).", "The PersistentVolumeClaim stays `Pending`: no volume can be provided for it (unknown storage class, impossible size or access mode)."),
        why("Un Pod qui monte ce volume ne démarre pas tant que la demande n'est pas satisfaite.", "A Pod that mounts this volume does not start until the claim is bound."),
        fix("Vérifiez `storageClassName` (`kubectl get storageclass`), la taille et `accessModes`, puis `kubectl apply -f`.", "Check `storageClassName` (`kubectl get storageclass`), the size and `accessModes`, then `kubectl apply -f`.");
    NOT_APPLIED: "not-applied", Files, Warning, "utiliser-un-cluster.md",
        summary("Un objet de vos fichiers absent du cluster", "An object of your files that is not on the cluster"),
        what("Un objet écrit dans vos fichiers n'existe pas dans le namespace du cluster : le fichier n'a pas été appliqué, ou l'a été dans un autre namespace.", "An object written in your files does not exist in the cluster's namespace: the file was not applied, or was applied in another namespace."),
        why("Ce qui n'est pas appliqué n'existe pas : le cluster ne connaît que ce que `kubectl apply` lui a envoyé.", "What is not applied does not exist: the cluster only knows what `kubectl apply` sent it."),
        fix("`kubectl apply -f FICHIER -n NAMESPACE`, avec le fichier et le namespace que donne le diagnostic.", "`kubectl apply -f FILE -n NAMESPACE`, with the file and namespace the diagnosis gives.");
    DRIFT: "drift", Files, Warning, "utiliser-un-cluster.md",
        summary("Un objet du cluster qui ne correspond plus à votre fichier", "An object on the cluster that no longer matches your file"),
        what("Une valeur écrite dans votre fichier n'est pas celle de l'objet du cluster : le fichier a changé depuis le dernier `kubectl apply`, ou l'objet a été modifié à la main.", "A value written in your file is not the one of the object on the cluster: the file changed since the last `kubectl apply`, or the object was edited by hand."),
        why("Le cluster fait tourner ce qui a été appliqué, pas ce que contient votre fichier : vos changements ne sont pas en place.", "The cluster runs what was applied, not what your file holds: your changes are not in place."),
        fix("`kubectl apply -f FICHIER` ; `kubectl diff -f FICHIER` montre les différences avant.", "`kubectl apply -f FILE`; `kubectl diff -f FILE` shows the differences first.");
}

pub fn by_id(id: &str) -> Option<&'static Code> {
    ALL.iter().copied().find(|c| c.id == id)
}
